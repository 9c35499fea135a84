/** A throwaway self-signed certificate for localhost, made by openssl, for the TLS and proxy tests. */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";

const OPENSSL_ARGS = [
  ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"],
  ["-keyout", "key.pem", "-out", "cert.pem", "-days", "1", "-subj", "/CN=localhost"],
].flat();

/** The key and certificate written in `folder`, or undefined when openssl is not installed (the tests then skip). */
export function localhostCertificate(folder: string): { key: Buffer; cert: Buffer } | undefined {
  try {
    execFileSync("openssl", OPENSSL_ARGS, { cwd: folder, stdio: "ignore" });
  } catch {
    return undefined;
  }
  return { key: readFileSync(path.join(folder, "key.pem")), cert: readFileSync(path.join(folder, "cert.pem")) };
}
