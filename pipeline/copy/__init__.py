"""Ad copy: what the writers share. Phrase forms, offers, spoken form and the script checks."""
