"""zorgpad.insights"""
