"""The chat's screens: the conversation, the article reader, the key help."""
