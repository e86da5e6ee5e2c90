"""zorgpad.triage"""
