"""Enrich, stage 2: the ``Listing`` every renderer reads: papers sorted and grouped, their
text read once, curator Markdown and formulas as clean HTML, related papers."""
