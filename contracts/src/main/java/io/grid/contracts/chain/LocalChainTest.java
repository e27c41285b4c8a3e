package io.grid.contracts.chain;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks a JUnit 5 test class that runs against a real local chain: a {@link LocalChain} parameter
 * (constructor, lifecycle or test method) receives the chain shared by the whole test run, and
 * every test starts from the freshly deployed state. See {@link LocalChainExtension}.
 */
@Documented
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(LocalChainExtension.class)
public @interface LocalChainTest {
}
