import pytest

from etl.actors import ActorDictionary, load_dictionary


@pytest.fixture(scope="session")
def dictionary() -> ActorDictionary:
    return load_dictionary()
