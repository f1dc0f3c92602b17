"""The counter's pages: sign-in, the desk, and the dialogs opened from it."""
