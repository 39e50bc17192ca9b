"""The supervisor web page (`assistant web`): FastAPI, server-rendered HTML, htmx and server-sent events."""
