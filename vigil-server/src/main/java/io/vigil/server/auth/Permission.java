package io.vigil.server.auth;

import io.vigil.model.VigilException;
import java.util.Locale;

/** What a user may do on an experiment or registered model, weakest first (MLflow's basic-auth names, plus NONE). */
public enum Permission {
  NONE, READ, EDIT, MANAGE;

  /** Whether this permission includes {@code needed}. */
  public boolean allows(Permission needed) {
    return compareTo(needed) >= 0;
  }

  /** INVALID_PARAMETER_VALUE for anything but READ, EDIT, MANAGE or NONE (any case). */
  public static Permission parse(String s) {
    if (s != null) {
      try {
        return valueOf(s.trim().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        // below
      }
    }
    throw VigilException.invalid("Invalid permission '" + s + "': expected READ, EDIT, MANAGE or NONE.");
  }
}
