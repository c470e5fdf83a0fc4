/**
 * QR codes drawn with characters, for a phone camera pointed at the terminal: how {@code pgguard approver add
 * --totp} hands an approver's TOTP secret to an authenticator app. {@link dev.pgguard.cli.qr.QrText} is the
 * whole of it; ZXing encodes, this package draws.
 */
package dev.pgguard.cli.qr;
