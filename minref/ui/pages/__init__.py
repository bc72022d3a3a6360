"""The app's pages; each shows one kind of thing and asks the window to open others."""
