"""What a student reads: messages in English and Korean, and the catalogue of known mistakes."""
