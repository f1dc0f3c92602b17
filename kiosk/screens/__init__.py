"""The kiosk's pages: one Screen each."""
