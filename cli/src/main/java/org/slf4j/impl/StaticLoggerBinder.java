package org.slf4j.impl;

import org.slf4j.ILoggerFactory;
import org.slf4j.helpers.NOPLoggerFactory;
import org.slf4j.spi.LoggerFactoryBinder;

/**
 * The slf4j 1.7 binding (found by this class name) that discards dnsjava's log calls: without one
 * slf4j warns on stderr, and dig prints nothing of the sort.
 */
public final class StaticLoggerBinder implements LoggerFactoryBinder {
  private static final StaticLoggerBinder SINGLETON = new StaticLoggerBinder();

  /** The slf4j API version this binding was written against; slf4j checks it. */
  public static final String REQUESTED_API_VERSION = "1.6.99";

  private final ILoggerFactory factory = new NOPLoggerFactory();

  private StaticLoggerBinder() {}

  /** The one binder slf4j asks for. */
  public static StaticLoggerBinder getSingleton() {
    return SINGLETON;
  }

  @Override
  public ILoggerFactory getLoggerFactory() {
    return factory;
  }

  @Override
  public String getLoggerFactoryClassStr() {
    return NOPLoggerFactory.class.getName();
  }
}
