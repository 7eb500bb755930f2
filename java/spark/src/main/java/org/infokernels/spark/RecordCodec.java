package org.infokernels.spark;

import java.io.Serializable;
import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;
import org.infokernels.core.InvalidInputException;

/**
 * Carries the api's option records (a {@code PairMeasure} and the options and settings inside it, none of them
 * {@link Serializable}) to the executors: a record becomes its class name and its encoded components, an enum
 * its class and constant name; numbers, booleans, strings, primitive arrays and null travel as they are. On the
 * executor the canonical constructor rebuilds the record, so the checks of the api run again there.
 */
final class RecordCodec {
  private RecordCodec() {}

  record Rec(String type, Object[] components) implements Serializable {
    private static final long serialVersionUID = 1L;
  }

  record En(String type, String name) implements Serializable {
    private static final long serialVersionUID = 1L;
  }

  static Serializable encode(Object o) {
    if (o == null || o instanceof Number || o instanceof Boolean || o instanceof String || o instanceof Character
        || o instanceof double[] || o instanceof int[] || o instanceof long[] || o instanceof boolean[]) {
      return (Serializable) o;
    }
    if (o instanceof Enum<?> e) {
      return new En(e.getDeclaringClass().getName(), e.name());
    }
    Class<?> c = o.getClass();
    if (c.isRecord()) {
      RecordComponent[] rc = c.getRecordComponents();
      Object[] v = new Object[rc.length];
      for (int i = 0; i < rc.length; i++) {
        try {
          v[i] = encode(rc[i].getAccessor().invoke(o));
        } catch (ReflectiveOperationException ex) {
          throw new IllegalStateException("cannot read " + c.getName() + "." + rc[i].getName(), ex);
        }
      }
      return new Rec(c.getName(), v);
    }
    throw new InvalidInputException("a " + c.getName() + " cannot be sent to Spark executors (only the api's "
        + "option records are; a custom PairMeasure runs on one machine only)");
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  static Object decode(Object o) {
    if (o instanceof En e) {
      try {
        return Enum.valueOf((Class<? extends Enum>) Class.forName(e.type()), e.name());
      } catch (ClassNotFoundException ex) {
        throw new IllegalStateException(ex);
      }
    }
    if (o instanceof Rec r) {
      try {
        Class<?> c = Class.forName(r.type());
        RecordComponent[] rc = c.getRecordComponents();
        Class<?>[] types = new Class<?>[rc.length];
        Object[] args = new Object[rc.length];
        for (int i = 0; i < rc.length; i++) {
          types[i] = rc[i].getType();
          args[i] = decode(r.components()[i]);
        }
        Constructor<?> k = c.getDeclaredConstructor(types);
        k.setAccessible(true);
        return k.newInstance(args);
      } catch (ReflectiveOperationException ex) {
        throw new IllegalStateException("cannot rebuild " + r.type(), ex);
      }
    }
    return o;
  }
}
