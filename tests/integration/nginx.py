"""Debian's nginx with docker-compose.yml's proxy config, in a folder of its own.

The config is deploy/nginx/portal.conf.template rendered as the proxy container renders it
(its ``${NAME}`` variables only), with compose's values except where this machine differs:
loopback ports chosen at run time, a self-signed certificate, gunicorn's address.
"""

import datetime as dt
import ipaddress
import os
import re
import shutil
import ssl
from pathlib import Path

import yaml
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

ROOT = Path(__file__).resolve().parents[2]
TEMPLATE = ROOT / "deploy" / "nginx" / "portal.conf.template"
NGINX = shutil.which("nginx") or next(
    (path for path in ("/usr/sbin/nginx", "/sbin/nginx") if os.path.exists(path)), None
)

MAIN_CONF = """\
{user}worker_processes 1;
pid {dir}/nginx.pid;
error_log {dir}/error.log info;
events {{ worker_connections 64; }}
http {{
    access_log {dir}/access.log;
    client_body_temp_path {dir}/client_body;
    proxy_temp_path {dir}/proxy;
    fastcgi_temp_path {dir}/fastcgi;
    uwsgi_temp_path {dir}/uwsgi;
    scgi_temp_path {dir}/scgi;
    include {dir}/portal.conf;
}}
"""


def self_signed_certificate(folder: Path, host: str) -> tuple[Path, Path]:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, host)])
    now = dt.datetime.now(dt.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName(
                [x509.DNSName(host), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]
            ),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = folder / "fullchain.pem", folder / "privkey.pem"
    cert_path.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    key_path.chmod(0o600)
    return cert_path, key_path


def compose_proxy_values(dotenv: dict[str, str]) -> dict[str, str]:
    """The proxy's environment in docker-compose.yml, with compose's own ``${NAME}``,
    ``${NAME:?message}`` and ``${NAME:-default}`` filled in from ``dotenv`` (the .env)."""
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())

    def interpolate(match):
        name, default = match.group(1), match.group(3)
        return dotenv.get(name) or (default if match.group(2) == ":-" else "")

    pattern = re.compile(r"\$\{([A-Z_]+)(?:(:[?-])([^}]*))?\}")
    return {
        key: pattern.sub(interpolate, str(value))
        for key, value in compose["services"]["proxy"]["environment"].items()
    }


def render(values: dict[str, str]) -> str:
    """envsubst with the template's own variable names, as deploy/nginx/start.sh runs it."""
    template = TEMPLATE.read_text()
    names = set(re.findall(r"\$\{([A-Z_]+)\}", template))
    missing = names - set(values)
    assert not missing, f"no value for {missing}"
    return re.sub(r"\$\{([A-Z_]+)\}", lambda match: values[match.group(1)], template)


def write_config(folder: Path, values: dict[str, str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for temp in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (folder / temp).mkdir(exist_ok=True)
    (folder / "portal.conf").write_text(render(values))
    # As root, nginx's workers would switch to an unprivileged user that cannot enter the
    # test's private temporary folder; they stay root here, on loopback only.
    user = "user root root;\n" if os.geteuid() == 0 else ""
    conf = folder / "nginx.conf"
    conf.write_text(MAIN_CONF.format(dir=folder, user=user))
    return conf


def command(folder: Path, conf: Path) -> list[str]:
    return [NGINX, "-p", str(folder), "-c", str(conf), "-e", str(folder / "error.log"),
            "-g", "daemon off;"]  # fmt: skip


def client_context(cert_path: Path) -> ssl.SSLContext:
    return ssl.create_default_context(cafile=str(cert_path))
