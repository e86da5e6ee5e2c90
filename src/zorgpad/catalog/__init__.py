"""zorgpad.catalog"""
