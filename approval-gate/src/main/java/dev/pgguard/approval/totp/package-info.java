/**
 * A second factor for approvals: TOTP (RFC 6238) codes from the approver's phone. It answers one threat: an
 * agent with a shell on the approver's machine can read files and run {@code pgguard approve} itself, but it
 * does not have the phone.
 *
 * <p>{@link dev.pgguard.approval.totp.TotpSecret} is an approver's shared secret and its {@code otpauth://} URI
 * for enrolment; {@link dev.pgguard.approval.totp.Totp} computes codes from it, checks them and refuses replays;
 * {@link dev.pgguard.approval.totp.TotpResult} says why a code was refused. The package-private {@code Hotp} is
 * the RFC 4226 code itself and {@link dev.pgguard.approval.totp.Base32} the secret's text form.
 */
package dev.pgguard.approval.totp;
