print("impactmon")
