"""zorgpad.store"""
