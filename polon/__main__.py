from polon.cli import app

app(prog_name="polon")
