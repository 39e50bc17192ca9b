"""The live loop: microphone and speaker through sounddevice, push-to-talk, headset supervision."""
