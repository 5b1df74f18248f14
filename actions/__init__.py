"""Custom actions, run by the action server (`python -m rasa_sdk --actions actions`).

Each feature keeps its actions in its own module; the SDK finds every Action subclass in this package.
"""
