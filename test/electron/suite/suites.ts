/** Every extension-host suite, in run order. */
import './activation.test';
import './tree.test';
import './editor.test';
import './runs.test';
import './remote.test';
import './fabric.test';
import './quality.test';
