/**
 * Catalogue entries for the local lab: starting it, reaching it, and the codes its own
 * `/_lab/*` endpoints answer with (passed through by the CLI's lab client).
 */
import { usageEntry, type CatalogueEntry } from './catalogue-entry.js';

const labInput = usageEntry;

/** Errors of `mysfits-dr lab …` and of the lab's control endpoints. */
export const LAB_ERRORS = {
  LAB_NOT_RUNNING: {
    exit: 'failed',
    source: 'user',
    summary: 'No lab is running in the lab folder.',
    fix: 'Start it with `mysfits-dr lab up`, or set MYSFITS_DR_LAB_ENDPOINT.',
  },
  LAB_UNREACHABLE: {
    exit: 'unreachable',
    source: 'user',
    summary: 'The lab endpoint did not answer.',
    fix: 'Check it with `mysfits-dr lab status`.',
    hint: 'Check it with `mysfits-dr lab status`.',
  },
  LAB_JAVA_MISSING: {
    exit: 'failed',
    source: 'user',
    summary: 'The lab needs Java 17 or newer (a JDK) for DynamoDB Local, and none was found.',
    fix: 'Install a Java 17+ JDK (Debian: apt-get install openjdk-17-jdk-headless) and retry.',
    hint: 'Install a Java 17+ runtime (Debian: apt-get install openjdk-17-jdk-headless) and retry.',
  },
  LAB_PORT_IN_USE: {
    exit: 'usage',
    source: 'user',
    summary: 'The port the lab should listen on is already in use.',
    fix: 'Choose another port with `mysfits-dr lab up --port <n>`, or stop what listens there.',
  },
  LAB_START_FAILED: {
    exit: 'failed',
    source: 'internal',
    summary: 'The lab process exited while starting.',
    fix: "See the lab's log file and the logs folder the message names.",
  },
  LAB_START_TIMEOUT: {
    exit: 'notConverged',
    source: 'internal',
    summary: 'The lab was not healthy within its start timeout; it was stopped.',
    fix: 'See the log file the message names; a slow machine may need --timeout.',
  },
  LAB_ERROR: {
    exit: 'failed',
    source: 'internal',
    summary: 'The lab answered with an error and no code (exit 2 for a 4xx answer, 1 otherwise).',
    fix: "Read the message; `mysfits-dr lab status` shows the lab's health.",
  },
  LAB_INTERNAL: {
    exit: 'failed',
    source: 'internal',
    summary: 'The lab failed while answering a control request (HTTP 500).',
    fix: "See the lab's logs in its folder; `mysfits-dr lab down` and `lab up` restart it.",
  },
  INVALID_FAULT: labInput(
    'The lab refused a fault request; every problem names its field, the value and the fix.',
    'Fix the options listed (`mysfits-dr lab fault <kind> --help`).',
  ),
  INVALID_REPLICATION_SETTINGS: labInput(
    'The lab refused replication settings; every problem names its field.',
    'Fix the settings listed.',
  ),
  INVALID_JSON: labInput(
    'A request to the lab had a body that is not JSON.',
    'Send a JSON object.',
  ),
  FAULT_NOT_FOUND: labInput(
    'No active fault has the id given.',
    'List the active faults with `mysfits-dr lab fault list`.',
  ),
  NOT_FOUND: labInput(
    'The lab has no control endpoint at that path.',
    'Use a newer lab (`mysfits-dr lab down` and `lab up`) or one of the endpoints the message lists.',
  ),
  METHOD_NOT_ALLOWED: labInput(
    'A lab control endpoint was called with a method it does not accept.',
    'Use a method the message lists.',
  ),
} satisfies Record<string, CatalogueEntry>;
