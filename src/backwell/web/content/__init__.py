"""Articles, authors, categories, feeds, sitemap and search."""
