/** HTTP: the Javalin app, request parsing and error mapping; framework types stay inside this package tree. */
package io.vigil.server.http;
