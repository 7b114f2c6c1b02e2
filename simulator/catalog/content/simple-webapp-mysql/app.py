import os
import socket

import pymysql
from flask import Flask, render_template

app = Flask(__name__)

DB_Host = os.environ.get('DB_Host') or "localhost"
DB_Database = os.environ.get('DB_Database') or "mysql"
DB_User = os.environ.get('DB_User') or "root"
DB_Password = os.environ.get('DB_Password') or "paswrd"


@app.route("/")
def main():
    try:
        pymysql.connect(host=DB_Host, database=DB_Database, user=DB_User, password=DB_Password)
        connected, color, error = True, '#39b54b', ""
    except Exception as e:
        connected, color, error = False, '#ff3f3f', str(e)
    return render_template('hello.html', db_connect_result=connected, name=socket.gethostname(),
                           color=color, err_message=error)


if __name__ == "__main__":
    app.run(host="0.0.0.0", port=8080)
