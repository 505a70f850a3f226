"""Small helpers the extraction tests share."""
import claimledger


def claim_with(text, value, published="2024-03-14"):
    """The claim of `text` whose value is `value` (the first, if it is said twice)."""
    return next(c for c in claimledger.extract(text, published=published) if c.value == value)
