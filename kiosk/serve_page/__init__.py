"""The page textual-serve shows the browser, made to load nothing from the internet."""
