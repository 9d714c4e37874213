"""The page's words in Spanish: the same keys as en.py, the same {parameters}."""
SPANISH = {
}
