"""zorgpad.synth"""
