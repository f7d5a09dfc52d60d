package io.mirador.installer.verify;

/** A bundle whose signature, manifest and every file were checked. */
public record VerifiedBundle(ReleaseInfo release, Manifest manifest, String topDirectory) {}
