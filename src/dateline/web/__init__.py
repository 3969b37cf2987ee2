"""The web app: a JSON API, server-rendered pages, log-in and roles (`create_app`)."""
