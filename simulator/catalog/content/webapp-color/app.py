import os
import random
import socket
import sys

from flask import Flask, render_template

app = Flask(__name__)

color_codes = {
    "red": "#e74c3c",
    "green": "#16a085",
    "blue": "#2980b9",
    "blue2": "#30336b",
    "pink": "#be2edd",
    "darkblue": "#130f40",
}

color = os.environ.get('APP_COLOR') or random.choice(list(color_codes))


@app.route("/")
def main():
    return render_template('hello.html', name=socket.gethostname(), color=color_codes[color])


if __name__ == "__main__":
    print(" Color from environment variable = " + color)
    app.run(host="0.0.0.0", port=8080)
