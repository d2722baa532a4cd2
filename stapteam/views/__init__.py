"""The pages of stapteam, one noun per module."""
