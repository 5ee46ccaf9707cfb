/** The CI/CD gate: rules comparing a candidate's metrics with a baseline's, their verdicts and reports. */
package io.vigil.server.gate;
