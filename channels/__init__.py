"""Custom Rasa input channels (SMS and web chat)."""
