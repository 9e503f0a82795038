"""Reader comments with spam defences and moderation."""
