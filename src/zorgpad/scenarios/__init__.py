"""zorgpad.scenarios"""
