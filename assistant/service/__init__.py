"""Running as a system service: sd_notify, the watchdog, installation, and a stand-in supervisor."""
