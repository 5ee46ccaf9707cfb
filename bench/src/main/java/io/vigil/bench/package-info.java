package io.vigil.bench;
