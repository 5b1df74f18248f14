"""Theme analysis and reports on consultation feedback. Free of Rasa imports on purpose."""
