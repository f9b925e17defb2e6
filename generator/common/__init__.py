"""Common: what every stage uses (digests, memo, problems, the message and GitHub Markdown
encoders, the site's URLs, web URLs read in one place); it imports nothing of ours above."""
