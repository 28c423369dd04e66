"""HTTPS for the emulator, as the real endpoint serves: a throwaway CA and a server certificate for loopback.

``write_certificates(directory)`` writes ``ca.pem`` (the CA a client trusts, as a user trusts a corporate
proxy's CA), ``server.pem`` and ``server-key.pem`` (a certificate for 127.0.0.1, ::1 and localhost, signed
by that CA); ``server_context`` loads them. Keys are made fresh at every start and never leave the directory.

Uses the ``cryptography`` package, which ansible-core requires (so every venv of the tool chain has it);
it is imported only when TLS is asked for, so the plain-http emulator stays standard-library only.
"""

import datetime
import ipaddress
import os
import ssl

CA_FILE = 'ca.pem'
CERT_FILE = 'server.pem'
KEY_FILE = 'server-key.pem'
HOSTS = ('127.0.0.1', '::1', 'localhost')


def write_certificates(directory):
    """Write a new CA and a loopback server certificate signed by it into ``directory``; returns the CA's path."""
    from cryptography import x509  # pylint: disable=import-outside-toplevel
    from cryptography.hazmat.primitives import hashes, serialization  # pylint: disable=import-outside-toplevel
    from cryptography.hazmat.primitives.asymmetric import ec  # pylint: disable=import-outside-toplevel
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID  # pylint: disable=import-outside-toplevel

    os.makedirs(directory, exist_ok=True)
    now = datetime.datetime.now(datetime.timezone.utc)
    valid = (now - datetime.timedelta(hours=1), now + datetime.timedelta(days=2))

    def build(subject, issuer, public_key, signing_key, extensions):
        builder = (x509.CertificateBuilder().subject_name(subject).issuer_name(issuer).public_key(public_key)
                   .serial_number(x509.random_serial_number()).not_valid_before(valid[0]).not_valid_after(valid[1]))
        for extension, critical in extensions:
            builder = builder.add_extension(extension, critical=critical)
        return builder.sign(signing_key, hashes.SHA256())

    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, 'sl_emulator test CA')])
    ca_cert = build(ca_name, ca_name, ca_key.public_key(), ca_key, [
        (x509.BasicConstraints(ca=True, path_length=0), True),
        (x509.KeyUsage(digital_signature=False, content_commitment=False, key_encipherment=False,
                       data_encipherment=False, key_agreement=False, key_cert_sign=True, crl_sign=True,
                       encipher_only=False, decipher_only=False), True),
        (x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), False),
    ])
    server_key = ec.generate_private_key(ec.SECP256R1())
    names = [x509.IPAddress(ipaddress.ip_address(host)) if host[0].isdigit() or ':' in host else x509.DNSName(host)
             for host in HOSTS]
    server_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, 'localhost')])
    server_cert = build(server_name, ca_name, server_key.public_key(), ca_key, [
        (x509.BasicConstraints(ca=False, path_length=None), True),
        (x509.SubjectAlternativeName(names), False),
        (x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), False),
        (x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), False),
    ])

    def write(name, data, private=False):
        # Replaced whole (a restart writes new files while a client may be reading the old CA).
        path = os.path.join(directory, name)
        partial = path + '.partial'
        descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600 if private else 0o644)
        with os.fdopen(descriptor, 'wb') as handle:
            handle.write(data)
        os.replace(partial, path)
        return path

    write(KEY_FILE, server_key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                             serialization.NoEncryption()), private=True)
    write(CERT_FILE, server_cert.public_bytes(serialization.Encoding.PEM))
    # Written last: a client that sees ca.pem sees a complete directory.
    return write(CA_FILE, ca_cert.public_bytes(serialization.Encoding.PEM))


def server_context(directory):
    """A server-side TLS context with the certificate ``write_certificates`` wrote into ``directory``."""
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    context.load_cert_chain(os.path.join(directory, CERT_FILE), os.path.join(directory, KEY_FILE))
    return context


def client_context(directory):
    """A client-side context that trusts only the CA in ``directory`` (for the admin API over https)."""
    return ssl.create_default_context(cafile=os.path.join(directory, CA_FILE))
