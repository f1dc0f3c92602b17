"""The counter terminal: the Textual app at each window where a clerk calls, serves,
transfers and finishes tickets with the keyboard, and follows the tickets it transferred."""
