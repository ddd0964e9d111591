"""gunicorn's configuration for IOK (`gunicorn -c python:iok.gunicorn_conf
iok.wsgi`; deploy/iok.service, `make serve`). The address, the number of
workers and the like come from the command line; what is here holds for
every IOK server.

Django alone decides what a proxy is believed about (iok/proxy.py,
IOK_TRUSTED_PROXIES and IOK_PROXY_SSL_HEADER), so gunicorn's own reading
of X-Forwarded-Proto from 127.0.0.1 is switched off: without this, anyone
on the machine could pose as HTTPS whatever IOK is told."""

forwarded_allow_ips = ""
secure_scheme_headers = {}
# IOK logs one line per request itself (iok/logs.py); gunicorn's own
# messages (workers starting, a timeout) go to stderr.
accesslog = None
errorlog = "-"
# A statement upload of IOK_MAX_REQUEST_MB is read and checked in the request.
timeout = 120
graceful_timeout = 30
# systemd (or the test) manages the process; no control socket in $HOME.
control_socket_disable = True
