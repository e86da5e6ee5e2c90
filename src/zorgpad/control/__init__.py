"""zorgpad.control"""
