"""Read models shared by the CLI, the reports and a future web app: plain data, no formatting."""
