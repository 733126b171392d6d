package io.github.nc4j.examples.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ImbalanceTest {

    @Test
    void parsesAndPrintsTheThreeProfiles() {
        assertEquals(Imbalance.NONE, Imbalance.parse(" None "));
        assertEquals(new Imbalance(Imbalance.Profile.STEP, 10), Imbalance.parse("step:10"));
        assertEquals(new Imbalance(Imbalance.Profile.LONG_TAIL, 2.5),
                Imbalance.parse("long-tail:2.5"));
        for (String text : new String[] {"none", "step:10", "long-tail:2.5"}) {
            assertEquals(text, Imbalance.parse(text).toString());
        }
    }

    @Test
    void classSizesFollowClassSizes() {
        assertArrayEquals(new int[] {4, 4, 4}, Imbalance.NONE.classSizes(3, 4));
        assertArrayEquals(new int[] {100, 100, 10, 10},
                Imbalance.parse("step:10").classSizes(4, 100));
        assertArrayEquals(new int[] {100, 50, 25},
                Imbalance.parse("long-tail:4").classSizes(3, 100));
    }

    @Test
    void rejectsWhatIsNotAProfile() {
        for (String bad : new String[] {"step", "step:", "step:0.9", "step:inf", "tail:3", ":3"}) {
            assertThrows(IllegalArgumentException.class, () -> Imbalance.parse(bad), bad);
        }
    }
}
