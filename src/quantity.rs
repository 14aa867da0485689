//! Numbers, quantities, money, percentages and dates in news text, normalised for comparison.
