"""The pages of registrations, one noun per module."""
