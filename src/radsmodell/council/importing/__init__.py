"""Import of meeting documents (notice, minutes, meeting pack) into the council register.

extract.py reads the text of a PDF, DOCX or plain-text file; parse.py reads that text into
drafts (draft.py) without touching the database; apply.py shows what a confirmed draft would
change and writes it, in one transaction, only when the secretariat confirms.
"""
