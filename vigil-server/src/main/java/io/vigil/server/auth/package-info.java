/**
 * Authentication: password hashing (Argon2id), API tokens (shown once, stored as SHA-256), and the
 * check of an {@code Authorization} header that the HTTP layer runs before every protected route.
 */
package io.vigil.server.auth;
